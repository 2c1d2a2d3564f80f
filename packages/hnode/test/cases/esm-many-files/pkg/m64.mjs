import { one } from "./one.mjs";
export const v64 = one;
