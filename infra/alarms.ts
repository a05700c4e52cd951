import { Duration } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as actions from "aws-cdk-lib/aws-cloudwatch-actions";
import * as elbv2 from "aws-cdk-lib/aws-elasticloadbalancingv2";
import * as sns from "aws-cdk-lib/aws-sns";
import * as subscriptions from "aws-cdk-lib/aws-sns-subscriptions";
import type { Construct } from "constructs";
import type { InfraSettings } from "@/infra/settings";
import type { WorkQueues } from "@/infra/work-queues";

export interface IntakeAlarms {
  topic: sns.Topic;
  deadLetters: cloudwatch.Alarm;
  oldestMessage: cloudwatch.Alarm;
  serverErrors: cloudwatch.Alarm;
  latency: cloudwatch.Alarm;
}

/** The four alarms docs/deploy.md explains, all notifying one topic (and the optional e-mail address). */
export function createAlarms(
  scope: Construct,
  input: { queues: WorkQueues; loadBalancer: elbv2.ApplicationLoadBalancer; settings: InfraSettings },
): IntakeAlarms {
  const { queues, loadBalancer, settings } = input;
  const topic = new sns.Topic(scope, "AlarmTopic", { displayName: "Intake alarms", enforceSSL: true });
  if (settings.alarmEmail) topic.addSubscription(new subscriptions.EmailSubscription(settings.alarmEmail));
  const minute = Duration.minutes(1);
  const fiveMinutes = Duration.minutes(5);

  const deadLetters = queues.deadLetter
    .metricApproximateNumberOfMessagesVisible({ period: minute, statistic: cloudwatch.Stats.MAXIMUM })
    .createAlarm(scope, "DeadLetterQueueNotEmpty", {
      alarmDescription: "A work message failed on every attempt and reached the dead-letter queue; its job has failed.",
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      threshold: 0,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

  const oldestMessage = queues.work
    .metricApproximateAgeOfOldestMessage({ period: minute, statistic: cloudwatch.Stats.MAXIMUM })
    .createAlarm(scope, "WorkQueueOldestMessage", {
      alarmDescription: `A work message has waited more than ${settings.oldestMessageAlarmSeconds} s: workers are too few, stuck or failing.`,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      threshold: settings.oldestMessageAlarmSeconds,
      evaluationPeriods: 5,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

  const serverErrors = new cloudwatch.MathExpression({
    expression: "100 * (FILL(targetErrors, 0) + FILL(balancerErrors, 0)) / requests",
    label: "5xx responses (% of requests)",
    period: fiveMinutes,
    usingMetrics: {
      targetErrors: loadBalancer.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { period: fiveMinutes }),
      balancerErrors: loadBalancer.metrics.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT, { period: fiveMinutes }),
      requests: loadBalancer.metrics.requestCount({ period: fiveMinutes }),
    },
  }).createAlarm(scope, "LoadBalancer5xxRate", {
    alarmDescription: `More than ${settings.error5xxAlarmPercent}% of portal and API requests ended in a 5xx.`,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    threshold: settings.error5xxAlarmPercent,
    evaluationPeriods: 2,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });

  const latency = loadBalancer.metrics
    .targetResponseTime({ period: fiveMinutes, statistic: cloudwatch.Stats.p(95) })
    .createAlarm(scope, "LoadBalancerP95Latency", {
      alarmDescription: `The web tasks' p95 response time is above ${settings.latencyP95AlarmSeconds} s.`,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      threshold: settings.latencyP95AlarmSeconds,
      evaluationPeriods: 2,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

  const notify = new actions.SnsAction(topic);
  for (const alarm of [deadLetters, oldestMessage, serverErrors, latency]) {
    alarm.addAlarmAction(notify);
    alarm.addOkAction(notify);
  }
  return { topic, deadLetters, oldestMessage, serverErrors, latency };
}
