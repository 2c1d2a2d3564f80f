import { one } from "./one.mjs";
export const v12 = one;
