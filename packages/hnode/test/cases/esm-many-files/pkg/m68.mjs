import { one } from "./one.mjs";
export const v68 = one;
