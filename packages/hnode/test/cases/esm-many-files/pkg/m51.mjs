import { one } from "./one.mjs";
export const v51 = one;
