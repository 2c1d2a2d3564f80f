import { one } from "./one.mjs";
export const v58 = one;
