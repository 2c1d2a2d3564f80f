import { one } from "./one.mjs";
export const v83 = one;
