import { one } from "./one.mjs";
export const v3 = one;
