import { one } from "./one.mjs";
export const v18 = one;
