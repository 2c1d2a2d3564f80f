import { one } from "./one.mjs";
export const v31 = one;
