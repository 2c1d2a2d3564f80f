import { one } from "./one.mjs";
export const v39 = one;
