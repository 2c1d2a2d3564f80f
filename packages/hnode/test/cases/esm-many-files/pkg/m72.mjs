import { one } from "./one.mjs";
export const v72 = one;
