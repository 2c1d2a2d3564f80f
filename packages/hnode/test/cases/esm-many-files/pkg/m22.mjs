import { one } from "./one.mjs";
export const v22 = one;
