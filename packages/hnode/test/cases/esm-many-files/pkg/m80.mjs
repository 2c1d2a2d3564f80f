import { one } from "./one.mjs";
export const v80 = one;
