import { one } from "./one.mjs";
export const v37 = one;
