CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"message" jsonb NOT NULL,
	"object_id" text,
	"record_id" uuid,
	"task_id" uuid,
	"instance_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "process_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"instance_id" uuid NOT NULL,
	"task_id" uuid,
	"type" text NOT NULL,
	"node_id" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_id" uuid,
	"outcome" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "process_instances" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"process_id" text NOT NULL,
	"version_id" integer NOT NULL,
	"object_id" text NOT NULL,
	"record_id" uuid NOT NULL,
	"status" text NOT NULL,
	"stage" text,
	"state" jsonb NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_by" uuid,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "process_tasks" (
	"id" uuid PRIMARY KEY NOT NULL,
	"instance_id" uuid NOT NULL,
	"process_id" text NOT NULL,
	"version_id" integer NOT NULL,
	"node_id" text NOT NULL,
	"object_id" text NOT NULL,
	"record_id" uuid NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"assignee_id" uuid,
	"candidate_role" text,
	"candidate_unit" uuid,
	"queue_id" text,
	"claimed_at" timestamp with time zone,
	"priority" double precision,
	"due_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	"completed_by" uuid,
	"outcome" text
);
--> statement-breakpoint
ALTER TABLE "process_tasks" ADD CONSTRAINT "process_tasks_instance_id_process_instances_id_fk" FOREIGN KEY ("instance_id") REFERENCES "public"."process_instances"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notifications_unread" ON "notifications" USING btree ("user_id","created_at") WHERE "notifications"."read_at" is null;--> statement-breakpoint
CREATE INDEX "process_events_instance" ON "process_events" USING btree ("instance_id","id");--> statement-breakpoint
CREATE INDEX "process_events_at" ON "process_events" USING btree ("at");--> statement-breakpoint
CREATE INDEX "process_instances_record" ON "process_instances" USING btree ("object_id","record_id");--> statement-breakpoint
CREATE INDEX "process_instances_live" ON "process_instances" USING btree ("process_id","version_id") WHERE "process_instances"."status" in ('running', 'incident');--> statement-breakpoint
CREATE INDEX "process_tasks_instance" ON "process_tasks" USING btree ("instance_id");--> statement-breakpoint
CREATE INDEX "process_tasks_assignee" ON "process_tasks" USING btree ("assignee_id") WHERE "process_tasks"."status" = 'open';--> statement-breakpoint
CREATE INDEX "process_tasks_role" ON "process_tasks" USING btree ("candidate_role","candidate_unit") WHERE "process_tasks"."status" = 'open';--> statement-breakpoint
CREATE INDEX "process_tasks_queue" ON "process_tasks" USING btree ("queue_id") WHERE "process_tasks"."status" = 'open';--> statement-breakpoint
CREATE INDEX "process_tasks_record" ON "process_tasks" USING btree ("object_id","record_id");