import { one } from "./one.mjs";
export const v7 = one;
