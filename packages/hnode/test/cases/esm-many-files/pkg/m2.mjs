import { one } from "./one.mjs";
export const v2 = one;
