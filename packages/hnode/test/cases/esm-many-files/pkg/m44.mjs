import { one } from "./one.mjs";
export const v44 = one;
