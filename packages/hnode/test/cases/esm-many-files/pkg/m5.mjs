import { one } from "./one.mjs";
export const v5 = one;
