import { one } from "./one.mjs";
export const v47 = one;
