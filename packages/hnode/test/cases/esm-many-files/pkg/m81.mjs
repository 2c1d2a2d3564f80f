import { one } from "./one.mjs";
export const v81 = one;
