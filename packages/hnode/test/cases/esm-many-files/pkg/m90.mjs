import { one } from "./one.mjs";
export const v90 = one;
