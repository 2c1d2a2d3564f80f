import { one } from "./one.mjs";
export const v84 = one;
