import { one } from "./one.mjs";
export const v35 = one;
