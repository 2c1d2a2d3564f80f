import { one } from "./one.mjs";
export const v65 = one;
