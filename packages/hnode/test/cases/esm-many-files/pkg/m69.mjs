import { one } from "./one.mjs";
export const v69 = one;
