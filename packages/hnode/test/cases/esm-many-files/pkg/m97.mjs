import { one } from "./one.mjs";
export const v97 = one;
