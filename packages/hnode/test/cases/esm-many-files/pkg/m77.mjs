import { one } from "./one.mjs";
export const v77 = one;
