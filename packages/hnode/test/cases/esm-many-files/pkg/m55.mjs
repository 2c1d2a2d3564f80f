import { one } from "./one.mjs";
export const v55 = one;
