import { one } from "./one.mjs";
export const v29 = one;
