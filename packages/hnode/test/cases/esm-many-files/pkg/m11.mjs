import { one } from "./one.mjs";
export const v11 = one;
