import { one } from "./one.mjs";
export const v17 = one;
