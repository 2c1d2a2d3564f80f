import { one } from "./one.mjs";
export const v75 = one;
