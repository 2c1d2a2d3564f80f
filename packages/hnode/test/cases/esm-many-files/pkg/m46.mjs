import { one } from "./one.mjs";
export const v46 = one;
