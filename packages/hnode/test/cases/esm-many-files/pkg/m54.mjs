import { one } from "./one.mjs";
export const v54 = one;
