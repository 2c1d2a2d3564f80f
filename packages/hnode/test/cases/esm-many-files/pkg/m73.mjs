import { one } from "./one.mjs";
export const v73 = one;
