import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";

/**
 * Awaits a conditional DynamoDB write: its output when it happened, undefined
 * when its condition did not hold (someone else got there first, or the item is
 * not in the expected state). Any other error is thrown.
 */
export async function unlessConditionFails<T>(write: Promise<T>): Promise<T | undefined> {
  try {
    return await write;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return undefined;
    throw error;
  }
}
