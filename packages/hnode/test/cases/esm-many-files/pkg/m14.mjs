import { one } from "./one.mjs";
export const v14 = one;
