import { one } from "./one.mjs";
export const v70 = one;
