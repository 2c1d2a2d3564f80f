import { one } from "./one.mjs";
export const v26 = one;
