import { one } from "./one.mjs";
export const v94 = one;
