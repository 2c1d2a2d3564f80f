import { caseSuite } from "../../../tools/e2e/suite.js";

caseSuite("hsh", import.meta.dirname);
