import { one } from "./one.mjs";
export const v92 = one;
