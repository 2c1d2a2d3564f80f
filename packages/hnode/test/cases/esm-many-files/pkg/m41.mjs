import { one } from "./one.mjs";
export const v41 = one;
