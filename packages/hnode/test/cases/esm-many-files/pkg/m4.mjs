import { one } from "./one.mjs";
export const v4 = one;
