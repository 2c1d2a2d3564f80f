import { one } from "./one.mjs";
export const v1 = one;
