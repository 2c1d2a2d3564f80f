import { one } from "./one.mjs";
export const v0 = one;
