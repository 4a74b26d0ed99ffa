CREATE TABLE "webhook_deliveries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"delivery_id" text NOT NULL,
	"job_id" uuid NOT NULL,
	"url" text NOT NULL,
	"attempt" integer NOT NULL,
	"result" text NOT NULL,
	"status_code" integer,
	"error" text,
	"duration_ms" integer NOT NULL,
	"process_id" text,
	"instance_id" uuid,
	"node_id" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "webhook_deliveries_url" ON "webhook_deliveries" USING btree ("url","id");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_delivery" ON "webhook_deliveries" USING btree ("delivery_id");