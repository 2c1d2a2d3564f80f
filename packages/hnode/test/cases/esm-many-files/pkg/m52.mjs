import { one } from "./one.mjs";
export const v52 = one;
