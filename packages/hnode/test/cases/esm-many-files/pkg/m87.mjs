import { one } from "./one.mjs";
export const v87 = one;
