/**
 * The kill switch's SSM parameter. No stack creates it: CloudFormation would own its value and set it back on
 * any change to the resource, so a deploy could un-pause automation. An operator creates it the first time
 * they pause (`aws ssm put-parameter --name <name> --type String --value true --overwrite`), and a missing
 * parameter reads as "not paused".
 * @example killSwitchParameterName("prod") // "/hero365/prod/paused"
 */
export function killSwitchParameterName(stage: string): string {
  return `/hero365/${stage}/paused`;
}
