import { one } from "./one.mjs";
export const v93 = one;
