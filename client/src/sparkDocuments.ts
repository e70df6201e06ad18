export { looksLikeSpark, SPARK_LANGUAGES } from '../../server/src/protocol';
