import { one } from "./one.mjs";
export const v34 = one;
