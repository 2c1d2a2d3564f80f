import { one } from "./one.mjs";
export const v82 = one;
