import { one } from "./one.mjs";
export const v99 = one;
